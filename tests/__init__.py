from . import (
    test_access,
    test_bulk,
    test_employee_tour,
    test_i18n,
    test_interview_content,
    test_interviewer,
    test_law_in_time,
    test_obligations,
    test_portal,
    test_scheduler,
    test_summary_review,
)
