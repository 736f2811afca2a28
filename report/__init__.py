from . import hr_career_summary_review
