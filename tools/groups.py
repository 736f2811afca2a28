"""The addon's security groups (security/career_security.xml), by the name
the Python code checks them with."""

OFFICER = "l10n_fr_hr_career_interview.group_career_officer"
ADMIN = "l10n_fr_hr_career_interview.group_career_admin"
INTERVIEWER = "l10n_fr_hr_career_interview.group_career_interviewer"
CSE = "l10n_fr_hr_career_interview.group_career_cse"
