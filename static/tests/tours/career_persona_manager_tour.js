import { registry } from "@web/core/registry";

// A manager without HR rights, in French: the activity the daily scheduler
// gave them on their team member's interview (not late: nothing is at risk
// yet), the interview, and the convocation.
registry.category("web_tour.tours").add("l10n_fr_career_persona_manager_tour", {
    steps: () => [
        {
            content: "My activities",
            trigger: ".o_menu_systray .fa-clock-o",
            run: "click",
        },
        {
            content: "A career interview to plan, none late",
            trigger:
                ".o-mail-ActivityGroup[data-model_name='hr.career.interview']:has(span.text-muted:contains('0'))" +
                ":has(span.btn-link:contains('1'))",
        },
        {
            content: "Open the ones to come",
            trigger: ".o-mail-ActivityGroup[data-model_name='hr.career.interview'] span.btn-link:contains('1')",
            run: "click",
        },
        {
            content: "The interview of my team member",
            trigger: ".o_data_row:contains('Théo Équipe') td[name='employee_id']",
            run: "click",
        },
        {
            content: "A first interview, to plan",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('Premier entretien')",
        },
        {
            content: "My activity on it is due in a few weeks, not late",
            trigger: ".o-mail-Activity .o-mail-Activity-info .text-success",
        },
        {
            content: "Convene the employee",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_convocation']:contains('Convoquer')",
            run: "click",
        },
        {
            content: "The convocation opens on them",
            trigger: ".modal .modal-title:contains('Convoquer le salarié')",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name='employee_id']:contains('Théo Équipe')",
        },
    ],
});
