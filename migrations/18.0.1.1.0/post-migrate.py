def migrate(cr, version):
    """The wizards were renamed after their action (hr.career.interview.<action>):
    Odoo drops the old models but not their tables, which are dropped here."""
    cr.execute(
        "DROP TABLE IF EXISTS hr_career_convocation_wizard, hr_career_information_wizard_hr_employee_rel, "
        "hr_career_information_wizard, hr_career_refusal_wizard, hr_career_reopen_wizard CASCADE"
    )
