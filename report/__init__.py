from . import career_convocation, career_document, hr_career_summary_review
