from . import hr_career_convocation_wizard
from . import hr_career_information_wizard
from . import hr_career_refusal_wizard
from . import hr_career_reopen_wizard
from . import hr_career_cse_report
