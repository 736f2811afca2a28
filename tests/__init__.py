from . import test_obligations
from . import test_interviewer
from . import test_access
from . import test_scheduler
from . import test_interview_content
from . import test_portal
from . import test_summary_review
