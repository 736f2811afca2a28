import { Attachment } from "@mail/core/common/attachment_model";

import { patch } from "@web/core/utils/patch";

// The file of a delivered career interview report is evidence: the server
// refuses to delete it, so the chatter does not offer to.
patch(Attachment.prototype, {
    get isDeletable() {
        if (this.l10n_fr_career_locked) {
            return false;
        }
        return super.isDeletable;
    },
});
