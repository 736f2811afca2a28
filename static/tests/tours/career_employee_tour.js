import { registry } from "@web/core/registry";

// HR opens an employee's career tab: the stored obligations, then the full
// legal calendar computed by the engine (later dates included).
registry.category("web_tour.tours").add("l10n_fr_career_employee_tour", {
    steps: () => [
        {
            content: "Open the career tab",
            trigger: ".o_notebook .nav-link:contains('Career Path')",
            run: "click",
        },
        {
            content: "The stored obligations are listed",
            trigger: "div[name='l10n_fr_career_obligation_ids'] .o_data_row:contains('First interview')",
        },
        {
            content: "Unfold the full legal calendar",
            trigger: "details summary:contains('Full legal calendar')",
            run: "click",
        },
        {
            content: "It shows the dates that are not stored, with their explanation",
            trigger: "details[open] .o_l10n_fr_career_calendar td:contains('Pre-60 interview')",
        },
    ],
});
