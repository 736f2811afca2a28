# isort: skip_file
# Order matters: the mixin must load before the models that inherit it.
from . import hr_career_employee_mixin
from . import hr_career_interview
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
from . import hr_career_scheduler
from . import hr_career_what_if
from . import hr_employee
from . import hr_leave_type
from . import hr_leave
from . import hr_contract
from . import res_company
from . import res_config_settings
