"""The summary review (état des lieux récapitulatif) in words: the engine's
evaluation laid out for the interview form and its PDF."""

from odoo import api, models
from odoo.tools.misc import format_date

from .. import engine
from ..tools import sentences


class HrCareerInterviewSummaryReview(models.Model):
    # The interview is split by concern on purpose (one file each), so the
    # merge suggestion of pylint-odoo does not apply.
    _inherit = "hr.career.interview"  # pylint: disable=consider-merging-classes-inherited

    @api.depends_context("lang")
    @api.depends("kind", "held_on", "scheduled_at", "due_date", "employee_id")
    def _compute_summary_review_html(self):
        for interview in self:
            if interview.kind != "summary" or not interview.employee_id:
                interview.summary_review_html = False
                continue
            interview.summary_review_html = self.env["ir.qweb"]._render(
                "l10n_fr_hr_career_interview.summary_evaluation_panel",
                {"evaluation": interview._summary_evaluation_for_report()},
            )

    def _summary_evaluation_for_report(self):
        """The evaluation in words, in the report's language."""
        evaluation = self._summary_evaluation()
        render = sentences.renderer(self.env)
        codes = dict(self.env["hr.career.obligation"]._fields["code"]._description_selection(self.env))
        outcomes = dict(self.env["hr.career.obligation"]._fields["fulfilment"]._description_selection(self.env))
        interviews = evaluation.criterion(engine.summary.INTERVIEWS).evidence
        return {
            "period_start": evaluation.period_start,
            "review_date": evaluation.review_date,
            "interviews": [
                {
                    "label": codes[o.code],
                    "due_date": o.due_date,
                    "outcome": outcomes[o.fulfilment],
                    "met_on": o.met_on,
                }
                for o in interviews
            ],
            "criteria": self._criteria_rows(evaluation, render, codes),
            "topup_owed": evaluation.topup_owed,
            "amount": evaluation.amount,
            "explanation": render(evaluation.text),
        }

    def _criteria_rows(self, evaluation, render, codes):
        """The four criteria of L. 6315-1 II, then, under the training one,
        the condition the top-up reads (L. 6323-13): a training other than a
        mandatory one. A mandatory training meets the criterion but not that
        condition: each gets its own Yes or No, so that a green "Yes" never
        stands alone above a top-up owed for want of training."""
        rows = []
        for criterion in evaluation.criteria:
            rows.append(
                {
                    "label": render(criterion.text),
                    "met": criterion.met,
                    "evidence": self._evidence_text(criterion, codes),
                    "links": self._evidence_links(criterion, codes),
                }
            )
            if criterion.code == engine.summary.TRAINING:
                rows.append(self._non_mandatory_row(evaluation))
        return rows

    def _non_mandatory_row(self, evaluation):
        links = [
            (f"{training.title} ({format_date(self.env, training.date)})", f"/odoo/hr.career.training/{training.ref}")
            for training in evaluation.non_mandatory_trainings
        ]
        return {
            "label": self.env._("Of which a training other than a mandatory one (the condition of the top-up)"),
            "met": bool(evaluation.non_mandatory_trainings),
            "evidence": "; ".join(label for label, _url in links) or "-",
            "links": links,
        }

    def _evidence_text(self, criterion, codes):
        return "; ".join(self._evidence_label(fact, codes) for fact in criterion.evidence) or "-"

    def _evidence_links(self, criterion, codes):
        """(label, url) of each piece of evidence, to open the record."""
        links = []
        for fact in criterion.evidence:
            label = self._evidence_label(fact, codes)
            if hasattr(fact, "code"):  # an obligation, opened on the interview that met it
                ref = fact.met_by.ref if fact.met_by else None
                links.append((label, f"/odoo/hr.career.interview/{ref}" if ref else None))
            elif hasattr(fact, "title"):  # a training
                links.append((label, f"/odoo/hr.career.training/{fact.ref}"))
            else:  # a progression, typed by hand or read from a contract
                model, _sep, record_id = str(fact.ref).rpartition(":")
                links.append((label, f"/odoo/{model or 'hr.career.progression'}/{record_id}"))
        return links

    def _evidence_label(self, fact, codes):
        """An obligation by the date it was held (what the reader wants), a
        training or a progression by its date; French dates."""
        if hasattr(fact, "code"):
            name = codes[fact.code]
            if fact.fulfilment in (engine.MET, engine.MET_LATE) and fact.met_on:
                return self.env._(
                    "%(obligation)s held on %(date)s", obligation=name, date=format_date(self.env, fact.met_on)
                )
            if fact.fulfilment == engine.OFFERED and fact.met_on:
                return self.env._(
                    "%(obligation)s refused on %(date)s", obligation=name, date=format_date(self.env, fact.met_on)
                )
            return self.env._(
                "%(obligation)s (due %(date)s, not held)", obligation=name, date=format_date(self.env, fact.due_date)
            )
        if hasattr(fact, "title"):  # a training: whether it is mandatory matters for the top-up
            if fact.mandatory:
                return self.env._(
                    "%(training)s (%(date)s, mandatory)", training=fact.title, date=format_date(self.env, fact.date)
                )
            return f"{fact.title} ({format_date(self.env, fact.date)})"
        title = fact.note or fact.kind
        return f"{title} ({format_date(self.env, fact.date)})"
