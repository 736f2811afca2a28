"""Odoo-side helpers the models share: raw-SQL row writes (``bulk``), the
engine's sentences in the reader's language (``sentences``), spreadsheets
(``xlsx``), the few raw statements on the employee table (``sql``) and the
one context token this module trusts (``trust``)."""
