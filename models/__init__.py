# isort: skip_file
# Order matters: the mixin must load before the models that inherit it.
from . import hr_career_employee_mixin
from . import hr_career_interview
from . import hr_career_interview_delivery
from . import hr_career_interview_pack
from . import hr_career_interview_questions
from . import hr_career_interview_import
from . import hr_career_demo
from . import hr_career_report_version
from . import hr_career_obligation
from . import hr_career_training
from . import hr_career_progression
from . import hr_career_absence
from . import hr_career_preparation
from . import hr_career_question_template
from . import hr_career_question
from . import hr_career_question_option
from . import hr_career_interview_answer
from . import hr_career_action
from . import hr_career_sanction
from . import hr_career_calendar
from . import hr_career_planner
from . import hr_career_scheduler
from . import hr_career_what_if
<<<<<<< HEAD
from . import hr_career_what_if_run
=======
from . import hr_career_campaign
>>>>>>> campaign
from . import hr_employee
from . import hr_leave_type
from . import hr_leave
from . import hr_contract
from . import res_company
from . import res_config_settings
from . import mail_activity
