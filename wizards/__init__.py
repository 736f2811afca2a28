from . import (
    hr_career_cse_report,
    hr_career_evidence_file,
    hr_career_history_import,
    hr_career_interview_convene,
    hr_career_interview_inform,
    hr_career_interview_refuse,
    hr_career_interview_reopen,
)
