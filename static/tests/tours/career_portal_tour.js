import { registry } from "@web/core/registry";

// From the convocation link (with its access token): prepare and submit;
// then, on the delivered report of an earlier interview: download, acknowledge.
registry.category("web_tour.tours").add("l10n_fr_career_portal_tour", {
    steps: () => [
        {
            content: "The convocation is shown",
            trigger: "#career_convocation:contains('Salle Vauban')",
        },
        {
            content: "Write my career wishes",
            trigger: "#career_preparation textarea[name='wishes']",
            run: "edit Devenir responsable de la paie",
        },
        {
            content: "Write my questions",
            trigger: "#career_preparation textarea[name='questions']",
            run: "edit Puis-je suivre une formation certifiante ?",
        },
        {
            content: "Submit to my interviewer",
            trigger: "#career_preparation button[name='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The preparation is submitted",
            trigger: "#career_preparation:contains('Submitted on')",
        },
        {
            content: "Back to my interviews",
            trigger: "body",
            run: () => {
                window.location.href = "/my/career-interviews";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the interview whose report was delivered",
            trigger: "a:contains('Periodic interview')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Download the report",
            trigger: "a.o_career_download",
            run: async function () {
                const response = await fetch(this.anchor.getAttribute("href"));
                const type = response.headers.get("Content-Type");
                if (!response.ok || type !== "application/pdf") {
                    throw new Error(`report download failed: ${response.status} ${type}`);
                }
            },
        },
        {
            content: "Acknowledge receipt",
            trigger: "button.o_career_acknowledge",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The acknowledgement is recorded",
            trigger: ".o_career_acknowledged",
        },
    ],
});
