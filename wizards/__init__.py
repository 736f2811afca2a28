from . import hr_career_convocation_wizard
from . import hr_career_information_wizard
