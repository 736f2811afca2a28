import { registry } from "@web/core/registry";

// An employee on their phone, in French: their portal, the career
// interviews card, the interview they are convened to, their preparation.
registry.category("web_tour.tours").add("l10n_fr_career_persona_portal_tour", {
    steps: () => [
        {
            content: "The career interviews card",
            trigger: "a[href='/my/career-interviews']:contains('Mes entretiens de parcours professionnel')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The interview I am convened to",
            trigger: "a:contains('Premier entretien')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its convocation: where and with whom",
            trigger: "#career_convocation:contains('Convocation'):contains('Salle Vauban')",
        },
        {
            content: "My preparation, mine alone until I submit it",
            trigger: "#career_preparation:contains('Ma préparation') textarea[name='wishes']",
            run: "edit Devenir cheffe d'équipe",
        },
        {
            content: "Save it for later",
            trigger: "#career_preparation button[name='save']:contains('Enregistrer')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is saved, and said so in French",
            trigger: ".alert-info:contains('Votre préparation a été enregistrée.')",
        },
        {
            trigger: "#career_preparation textarea[name='wishes']:value(Devenir cheffe d'équipe)",
        },
    ],
});
