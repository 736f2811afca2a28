from odoo import api, models

INTERVIEW_MODEL = "hr.career.interview"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def get_activity_data(self, res_model, domain, limit=None, offset=0, fetch_done=False):
        """The interviews' activity view shows a column per activity type of
        the interviews, and a generic one (a "To-Do") only when an interview
        has an activity of that type: an empty column of a type nobody uses
        on interviews says nothing."""
        data = super().get_activity_data(res_model, domain, limit=limit, offset=offset, fetch_done=fetch_done)
        if res_model != INTERVIEW_MODEL:
            return data
        used = {type_id for per_type in data["grouped_activities"].values() for type_id in per_type}
        own = set(self.env["mail.activity.type"].search([("res_model", "=", INTERVIEW_MODEL)]).ids)
        data["activity_types"] = [kind for kind in data["activity_types"] if kind["id"] in used | own]
        return data
