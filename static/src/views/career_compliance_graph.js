import { registry } from "@web/core/registry";
import { graphView } from "@web/views/graph/graph_view";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

const BUCKET_FIELD = "l10n_fr_career_bucket";
// Each compliance bucket in the colour of what it means. Odoo's palette
// colours groups by their position, so "overdue" came out green whenever it
// was the third group.
export const BUCKET_COLORS = {
    overdue: "#D44C59", // red
    due_soon: "#F48935", // orange
    up_to_date: "#28A745", // green
    data_missing: "#A4A8B6", // grey
};

/** The bucket a group's domain selects, if any. */
export function bucketOfDomain(domain) {
    for (const term of domain || []) {
        if (Array.isArray(term) && term[0] === BUCKET_FIELD && term[1] === "=") {
            return term[2];
        }
    }
    return undefined;
}

/** The last part of a department's path ("A / B / C" gives "C"), 30 characters at most. */
export function departmentOwnName(label) {
    const name = String(label ?? "").split(" / ").pop();
    return name.length > 30 ? `${name.slice(0, 30)}...` : name;
}

export class CareerComplianceGraphRenderer extends GraphRenderer {
    /** bucket key of a translated label (legend and dataset labels). */
    bucketOfLabel(label) {
        const selection = this.model.metaData.fields[BUCKET_FIELD]?.selection || [];
        const found = selection.find(([, string]) => string === label);
        return found && found[0];
    }

    colorsOf(dataset) {
        return (dataset.domains || []).map(
            (domain, index) =>
                BUCKET_COLORS[bucketOfDomain(domain)] ||
                BUCKET_COLORS[this.bucketOfLabel(dataset.trueLabels?.[index])]
        );
    }

    getBarChartData() {
        const data = super.getBarChartData();
        for (const dataset of data.datasets) {
            if (dataset.type === "line") {
                continue; // the overlay of a comparison
            }
            const colors = this.colorsOf(dataset);
            const known = new Set(colors.filter(Boolean));
            if (known.size === 1) {
                // the buckets are the stacked datasets: one colour each
                dataset.backgroundColor = [...known][0];
            } else if (known.size > 1) {
                // the buckets are on the x axis: one colour per bar
                dataset.backgroundColor = colors.map(
                    (color, index) => color || dataset.backgroundColor
                );
            } else if (BUCKET_COLORS[this.bucketOfLabel(dataset.label)]) {
                dataset.backgroundColor = BUCKET_COLORS[this.bucketOfLabel(dataset.label)];
            }
        }
        return data;
    }

    getPieChartData() {
        const data = super.getPieChartData();
        for (const dataset of data.datasets) {
            if (!dataset.domains) {
                continue; // the "no data" ring
            }
            const colors = this.colorsOf(dataset);
            if (colors.some(Boolean)) {
                const merged = dataset.backgroundColor.map((color, index) => colors[index] || color);
                dataset.backgroundColor = merged;
                dataset.hoverBackgroundColor = merged;
            }
        }
        return data;
    }

    getScaleOptions() {
        const scales = super.getScaleOptions();
        const { fields, measure } = this.model.metaData;
        if (scales.y && (measure === "__count" || fields[measure]?.type === "integer")) {
            // Head counts: whole numbers on the axis, not "12,00".
            scales.y.ticks.precision = 0;
            scales.y.ticks.callback = (value) => this.formatValue(value, true);
        }
        if (scales.x) {
            // Every department named, slanted rather than overlapping.
            Object.assign(scales.x.ticks, { autoSkip: false, maxRotation: 45, minRotation: 0 });
            if (this.model.metaData.groupBy?.[0]?.fieldName === "department_id") {
                // By its own name: sister departments' full paths were cut to
                // the same "Direction / Recherche et dével...". The tooltip
                // keeps the whole path.
                const { labels } = this.model.data;
                scales.x.ticks.callback = (value, index) => departmentOwnName(labels[index]);
            }
        }
        return scales;
    }
}

registry.category("views").add("l10n_fr_career_compliance_graph", {
    ...graphView,
    Renderer: CareerComplianceGraphRenderer,
});
