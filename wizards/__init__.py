from . import (
    hr_career_convocation_wizard,
    hr_career_cse_report,
    hr_career_information_wizard,
    hr_career_refusal_wizard,
    hr_career_reopen_wizard,
)
