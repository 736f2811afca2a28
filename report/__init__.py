from . import hr_career_summary_review
from . import career_document
from . import career_convocation
