import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

// A staff representative (CSE), in French: the figures for the CSE, counts
// only; none of the registers, and no individual interview.
registry.category("web_tour.tours").add("l10n_fr_career_persona_cse_tour", {
    steps: () => [
        {
            content: "The career interviews menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='l10n_fr_hr_career_interview.menu_career_root']",
            run: "click",
        },
        {
            content: "No dashboard, no register of top-ups, no progressions",
            trigger: ".dropdown-item[data-menu-xmlid='l10n_fr_hr_career_interview.menu_career_interviews']",
            run() {
                for (const menu of ["menu_career_dashboard", "menu_career_sanctions", "menu_career_progressions"]) {
                    if (document.querySelector(`[data-menu-xmlid='l10n_fr_hr_career_interview.${menu}']`)) {
                        throw new Error(`a staff representative sees the menu ${menu}`);
                    }
                }
            },
        },
        {
            content: "The figures for the CSE",
            trigger: ".dropdown-item[data-menu-xmlid='l10n_fr_hr_career_interview.menu_career_cse']",
            run: "click",
        },
        {
            content: "For a company and a period, under the company's privacy threshold",
            trigger: ".modal .o_form_view:contains('Seuil de confidentialité') .o_field_widget[name='year']",
        },
        {
            content: "The report: counts by kind, no name",
            trigger: ".modal .modal-footer button[name='action_print_pdf']",
            async run() {
                const id = await rpc("/web/dataset/call_kw/hr.career.cse.report/create", {
                    model: "hr.career.cse.report",
                    method: "create",
                    args: [{}],
                    kwargs: {},
                });
                const url = `/report/html/l10n_fr_hr_career_interview.report_career_cse/${id}`;
                const html = await (await fetch(url)).text();
                for (const expected of ["chiffres pour le CSE", "Entretiens par type", "Plans d'action par type"]) {
                    if (!html.includes(expected)) {
                        throw new Error(`the CSE report lacks "${expected}"`);
                    }
                }
                for (const name of ["Alice Tenue", "Bruno Tenu", "Chloé Tenue"]) {
                    if (html.includes(name)) {
                        throw new Error(`the CSE report names ${name}`);
                    }
                }
            },
        },
        {
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "The interviews: none of the others'",
            trigger:
                "body:not(:has(.modal)) .o_menu_sections button[data-menu-xmlid='l10n_fr_hr_career_interview.menu_career_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='l10n_fr_hr_career_interview.menu_career_interviews']",
            run: "click",
        },
        {
            content: "Nothing to read there but their own (none)",
            trigger: ".o_list_view .o_view_nocontent",
        },
    ],
});
