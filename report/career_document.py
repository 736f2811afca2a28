"""Page numbers on the addon's own documents, whatever wkhtmltopdf prints.

Odoo numbers pages in the footer it gives wkhtmltopdf apart from the body;
only a wkhtmltopdf built with patched Qt prints that footer (Debian's and
Ubuntu's packages do not). The addon's documents therefore carry their
company header in the body (report_company_header) and get "Page n / N"
stamped at the foot of each page of the PDF wkhtmltopdf returns, the same on
every build.
"""

import io

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

MODULE_PREFIX = "l10n_fr_hr_career_interview."
# Where the number sits: centred, within the bottom margin of the paper format.
FOOTER_HEIGHT = 7 * mm
FONT = ("Helvetica", 8)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        if not report.report_name.startswith(MODULE_PREFIX):
            return streams
        for stream_data in streams.values():
            # Only what wkhtmltopdf has just printed; a stored attachment
            # (none of the addon's reports keeps one) is left as it was.
            if stream_data.get("stream") and not stream_data.get("attachment"):
                stream_data["stream"] = self._l10n_fr_career_number_pages(stream_data["stream"])
        return streams

    def _l10n_fr_career_number_pages(self, stream):
        """The PDF with "Page n / N" at the foot of each page."""
        reader = PdfFileReader(stream, strict=False)
        total = reader.getNumPages()
        packet = io.BytesIO()
        stamp = canvas.Canvas(packet)
        for number in range(total):
            page = reader.getPage(number)
            width, height = float(abs(page.mediaBox.getWidth())), float(abs(page.mediaBox.getHeight()))
            stamp.setPageSize((width, height))
            stamp.setFont(*FONT)
            stamp.setFillGray(0.4)
            stamp.drawCentredString(width / 2, FOOTER_HEIGHT, self._l10n_fr_career_page_label(number + 1, total))
            stamp.showPage()
        stamp.save()
        packet.seek(0)
        stamps = PdfFileReader(packet)
        writer = PdfFileWriter()
        for number in range(total):
            page = reader.getPage(number)
            page.mergePage(stamps.getPage(number))
            writer.addPage(page)
        output = io.BytesIO()
        writer.write(output)
        output.seek(0)
        stream.close()
        return output

    def _l10n_fr_career_page_label(self, page, pages):
        return self.env._("Page %(page)s / %(pages)s", page=page, pages=pages)
