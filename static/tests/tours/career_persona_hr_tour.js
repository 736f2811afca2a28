import { registry } from "@web/core/registry";

// The HR officer, in French: the compliance dashboard, its overdue list, an
// employee's career tab and the sentence explaining a due date, the evidence
// file, and one interview that answers two obligations.
registry.category("web_tour.tours").add("l10n_fr_career_persona_hr_tour", {
    steps: () => [
        {
            content: "The compliance dashboard counts the employees by status",
            trigger: ".o_pivot th:contains('En retard')",
        },
        {
            content: "Its list: the summary reviews at risk",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            // Wait for the list's own control panel: a click on the pivot's
            // toggler is lost when the list replaces it.
            content: "Open the filters",
            trigger: ".o_action.o_list_view .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the overdue employees",
            trigger: ".o_filter_menu .o-dropdown-item:contains('En retard')",
            run: "click",
        },
        {
            content: "The employee is overdue, with the top-up at stake",
            trigger: ".o_data_row:contains('Gisèle Double'):contains('En retard')",
        },
        {
            content: "To the employees",
            trigger: ".o_menu_sections button[data-menu-xmlid='hr.menu_hr_employee_payroll']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='hr.menu_hr_employee_user']",
            run: "click",
        },
        {
            content: "Look for her",
            trigger: ".o_searchview_input",
            run: "edit Gisèle Double && press Enter",
        },
        {
            content: "Open her file",
            trigger: ".o_kanban_record:contains('Gisèle Double')",
            run: "click",
        },
        {
            content: "Her career tab",
            trigger: ".o_notebook .nav-link:contains('Parcours professionnel')",
            run: "click",
        },
        {
            content: "Each due date explained in French, with the law of its date",
            trigger:
                "div[name='l10n_fr_career_obligation_ids'] .o_data_row:contains('État des lieux récapitulatif')" +
                ":contains('au plus tard le 29/01/2025'):contains('En retard')",
        },
        {
            content: "The Action menu",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "holds the evidence file",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Dossier de preuves')",
            run: "click",
        },
        {
            content: "which opens on her",
            trigger:
                ".modal:has(.o_field_widget[name='employee_id'] input:value(Gisèle Double))" +
                " .modal-footer button:contains('Télécharger le dossier de preuves')",
        },
        {
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Her interviews",
            trigger: "body:not(:has(.modal)) .oe_stat_button[name='action_l10n_fr_career_open_interviews']",
            run: "click",
        },
        {
            content: "One meeting planned for her overdue obligations: the summary review",
            trigger: ".o_data_row:contains('État des lieux récapitulatif') td[name='kind']",
            run: "click",
        },
        {
            content: "It answers both obligations",
            trigger:
                ".o_form_view .o_field_widget[name='answered_obligation_ids']" +
                ":contains('Entretien périodique'):contains('État des lieux récapitulatif')",
        },
        {
            content: "under their French label",
            trigger: ".o_form_view label:contains('Obligations couvertes')",
        },
    ],
});
