#!/usr/bin/env python3
"""The daily scheduler under faults, on real committed databases.

    scripts/fault_test.py [--employees 300] [--batch 50] [--keep-template NAME]

Odoo's test cases cannot commit, so this runs outside them: a throwaway
template database is built once (the addon without demo data, the
benchmark's employees with histories, a second company, employees who left
with an interview still open, an interview planned by hand), and each
scenario runs on a copy of it (``createdb -T``), through Odoo's own cron
runner, in `odoo shell` processes (scripts/fault_runner.py):

- the reference: one uninterrupted run;
- killed (SIGKILL) between two batches, then resumed;
- killed inside a batch right after its first COPY, resumed, killed again
  at the end of the last batch before its commit, resumed;
- a user's transaction holds an employee and an interview during the whole
  run (the run must not wait for it, nor report anyone broken), commits,
  and the next day's run catches up;
- the same user commits before the retry at the end of the run, which
  catches up;
- the user edits rows a batch holds: the user waits, fails on a
  serialization error, is retried as Odoo retries a request, and wins.

Each final state is compared with the reference's (or with a run on a copy
where the user's edits were made first): obligations, interviews,
activities (user, deadline, note), the employees' career fields, the
messages on interviews and employees, the digests and the progress row,
keyed by what they mean rather than by ids (a killed batch consumed ids).
Prints one line per check, ``FAULT <scenario>: <check>: ok|FAILED``, and
exits non-zero if any failed. Environment: ODOO_BIN (launcher, else `odoo`
or `odoo-bin` on PATH), ODOO_ADDONS_PATH (extra addons, comma separated),
PGHOST/PGPORT. The scenarios assume the same day from start to end.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ADDON = "l10n_fr_hr_career_interview"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")
RUNNER = os.path.join(SCRIPTS, "fault_runner.py")
LOCATION = "Salle du conseil (edited by a user)"
# The runner's Odoo log: warnings, and the scheduler's own info lines.
LOG_OPTIONS = ["--log-level=warn", f"--log-handler=odoo.addons.{ADDON}:INFO"]

INTERVIEW_KEY = "json_build_array(i.employee_id, i.kind, i.state, i.due_date, i.is_automatic)"
RECORD_KEY = f"""CASE WHEN {{alias}}.{{model}} = 'hr.career.interview'
    THEN (SELECT {INTERVIEW_KEY} FROM hr_career_interview i WHERE i.id = {{alias}}.res_id)
    ELSE to_json({{alias}}.res_id) END"""
# What each final state is compared on, keyed by meaning (ids of new rows
# differ between databases: a killed batch consumed some).
DUMPS = {
    "obligations": f"""
        SELECT json_build_array(o.employee_id, o.code, o.due_date, o.window_start, o.fulfilment, o.met_on,
               o.article, o.regime, o.signature, o.company_id, o.department_id,
               (SELECT {INTERVIEW_KEY} FROM hr_career_interview i WHERE i.id = o.interview_id))
        FROM hr_career_obligation o""",
    "interviews": """
        SELECT json_build_array(i.employee_id, i.kind, i.state, i.due_date, i.is_automatic, i.interviewer_id,
               i.held_on, i.refused_on, i.location, i.company_id, i.department_id,
               (SELECT json_build_array(o.code, o.due_date) FROM hr_career_obligation o WHERE o.id = i.obligation_id))
        FROM hr_career_interview i""",
    "activities": f"""
        SELECT json_build_array(a.res_model, {RECORD_KEY.format(alias="a", model="res_model")},
               a.activity_type_id, a.user_id, a.date_deadline, a.note, a.summary, a.automated, a.active)
        FROM mail_activity a WHERE a.res_model IN ('hr.career.interview', 'hr.employee')""",
    "employees": """
        SELECT json_build_array(e.id, e.active,
               (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(e))
                WHERE key LIKE 'l10n\\_fr\\_%' AND key NOT LIKE '%\\_id'
                -- When to look again is a hint, not a result: an employee a
                -- user edited during the run waits, marked, for the next pass.
                AND key <> 'l10n_fr_career_next_look'),
               (SELECT json_build_array(o.code, o.due_date) FROM hr_career_obligation o
                WHERE o.id = e.l10n_fr_career_next_obligation_id))
        FROM hr_employee e""",
    "messages": f"""
        SELECT json_build_array(m.model, {RECORD_KEY.format(alias="m", model="model")},
               m.message_type, m.body, m.subtype_id, m.author_id)
        FROM mail_message m WHERE m.model IN ('hr.career.interview', 'hr.employee')""",
    "digests": """
        SELECT json_build_array(m.subject, mm.body_html,
               (SELECT json_agg(r.res_partner_id ORDER BY r.res_partner_id)
                FROM mail_mail_res_partner_rel r WHERE r.mail_mail_id = mm.id))
        FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
        WHERE m.subject LIKE '%career obligations overdue'""",
    # The day and who was put aside; not the last employee looked at, which
    # depends on who was due for a look (the daily pass is incremental).
    "progress": """
        SELECT json_build_array(s.day, s.deferred_employee_ids)
        FROM hr_career_scheduler_state s""",
}
DUPLICATES = """
    SELECT (SELECT count(*) FROM (SELECT 1 FROM hr_career_interview WHERE state IN ('to_plan', 'convened')
                                  GROUP BY employee_id, kind HAVING count(*) > 1) d)
         + (SELECT count(*) FROM (SELECT 1 FROM mail_activity WHERE res_model IN ('hr.career.interview', 'hr.employee')
                                  GROUP BY res_model, res_id, activity_type_id HAVING count(*) > 1) d)
         + (SELECT count(*) FROM (SELECT 1 FROM hr_career_obligation
                                  GROUP BY employee_id, code, due_date HAVING count(*) > 1) d)
         + (SELECT count(*) FROM (SELECT 1 FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                                  WHERE m.subject LIKE '%career obligations overdue'
                                  GROUP BY m.subject HAVING count(*) > 1) d)"""
# Rows of the run's own making for employees past the committed progress
# (the template has none: every one would come from an uncommitted batch).
BEYOND = """
    SELECT (SELECT count(*) FROM hr_career_obligation WHERE employee_id > {last})
         + (SELECT count(*) FROM hr_career_interview WHERE is_automatic AND employee_id > {last})
         + (SELECT count(*) FROM mail_activity a WHERE a.automated AND (
                (a.res_model = 'hr.employee' AND a.res_id > {last})
                OR (a.res_model = 'hr.career.interview'
                    AND a.res_id IN (SELECT id FROM hr_career_interview WHERE employee_id > {last}))))"""


class Failed(Exception):
    pass


class Suite:
    def __init__(self, args):
        self.args = args
        self.odoo = os.environ.get("ODOO_BIN") or shutil.which("odoo") or shutil.which("odoo-bin")
        if not self.odoo:
            sys.exit("No Odoo 18 found (ODOO_BIN, or odoo / odoo-bin on PATH)")
        self.work = tempfile.mkdtemp(prefix="career_faults_")
        os.makedirs(os.path.join(self.work, "addons"))
        os.symlink(ROOT, os.path.join(self.work, "addons", ADDON))
        extra = os.environ.get("ODOO_ADDONS_PATH")
        self.addons = os.path.join(self.work, "addons") + (f",{extra}" if extra else "")
        self.prefix = f"{ADDON}_fault_{os.getpid()}"
        self.databases, self.children = [], []
        self.passed = self.failed = 0
        self.fixtures = {}

    # -- reporting ---------------------------------------------------------------

    def check(self, scenario, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"FAULT {scenario}: {name}: ok", flush=True)
        else:
            self.failed += 1
            print(f"FAULT {scenario}: {name}: FAILED{f' ({detail})' if detail else ''}", flush=True)
        return ok

    # -- databases -----------------------------------------------------------------

    def sql(self, db, query):
        result = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", query],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise Failed(f"psql on {db}: {result.stderr.strip()}")
        return result.stdout.strip()

    def copy(self, name):
        db = f"{self.prefix}_{name}"
        self.databases.append(db)
        subprocess.run(["dropdb", "--if-exists", db], check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["createdb", "-T", self.template, db], check=True)
        return db

    def wait_disconnected(self, db, timeout=30):
        """A killed process's backend ends with its socket: wait for it, so
        that its locks (the cron job's among them) are gone."""
        deadline = time.time() + timeout
        query = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid()"
        while self.sql(db, query) != "0":
            if time.time() > deadline:
                raise Failed(f"connections to {db} still open after {timeout} s")
            time.sleep(0.1)

    def dump(self, db):
        state = {}
        for name, query in DUMPS.items():
            rows = json.loads(self.sql(db, f"SELECT coalesce(json_agg(row), '[]') FROM ({query}) AS t(row)"))
            state[name] = sorted(json.dumps(row, sort_keys=True) for row in rows)
        return state

    def compare(self, scenario, db, reference, label, digests_by_count=False):
        state = self.dump(db)
        for name, rows in reference.items():
            mine = state[name]
            if name == "digests" and digests_by_count:
                same = len(mine) == len(rows)
                detail = f"{len(mine)} digests, {len(rows)} expected"
            else:
                same = mine == rows
                missing = sorted(set(rows) - set(mine))
                extra = sorted(set(mine) - set(rows))
                detail = (
                    f"{len(mine)} rows vs {len(rows)}; "
                    f"missing {[row[:300] for row in missing[:2]]}; extra {[row[:300] for row in extra[:2]]}"
                )
            self.check(scenario, f"{name} as {label}", same, detail)
        self.no_duplicates(scenario, db)

    def no_duplicates(self, scenario, db):
        duplicates = int(self.sql(db, DUPLICATES))
        self.check(scenario, "no duplicate interview, activity, obligation or digest", not duplicates, duplicates)

    # -- Odoo processes ---------------------------------------------------------------

    def start(self, label, db, mode, **options):
        env = dict(
            os.environ,
            FAULT_MODE=mode,
            FAULT_SCRIPTS=SCRIPTS,
            FAULT_GO=os.path.join(self.work, f"go_{db}_{label}"),
            FAULT_FIXTURES=json.dumps(self.fixtures),
            FAULT_N=str(self.args.employees),
            FAULT_BATCH=str(self.args.batch),
        )
        env.update({key: str(value) for key, value in options.items()})
        child = Child(label, self, db, env)
        self.children.append(child)
        return child

    def go(self, child, point):
        open(f"{child.env['FAULT_GO']}.{point}", "w").close()

    # -- the template --------------------------------------------------------------------

    def build_template(self):
        keep = self.args.keep_template
        self.template = keep or f"{self.prefix}_template"
        if not keep:
            self.databases.append(self.template)
        elif self.sql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{keep}'") == "1":
            fixtures = self.sql(keep, "SELECT value FROM ir_config_parameter WHERE key = 'fault_test.fixtures'")
            if fixtures:  # else a build that did not finish: built again
                self.fixtures = json.loads(fixtures)
                return
        started = time.time()
        subprocess.run(["dropdb", "--if-exists", self.template], check=True, stderr=subprocess.DEVNULL)
        install = subprocess.run(
            [self.odoo, "-d", self.template, f"--addons-path={self.addons}", "-i", ADDON, "--without-demo=all"]
            + ["--stop-after-init", "--no-http", "--log-level=warn"],
            capture_output=True,
            text=True,
            check=False,
        )
        if install.returncode:
            raise Failed(f"install: {install.stderr[-2000:]}")
        child = self.start("build", self.template, "build")
        line = child.wait_for("FIXTURES ", timeout=600)
        child.wait(timeout=120)
        self.fixtures = json.loads(line.split(" ", 1)[1])
        self.sql(
            self.template,
            "INSERT INTO ir_config_parameter (key, value) VALUES ('fault_test.fixtures', "
            f"'{json.dumps(self.fixtures)}')",
        )
        print(f"template built in {time.time() - started:.0f} s: {self.fixtures}", flush=True)

    # -- scenarios ------------------------------------------------------------------------

    def run_to_end(self, scenario, label, db, timeout=600, **options):
        child = self.start(label, db, "run", **options)
        line = child.wait_for("RUN-", timeout=timeout)
        child.wait(timeout=60)
        done = line.startswith("RUN-DONE") and line.endswith("failures=0")
        self.check(scenario, f"{label}: the cron job runs to its end", done, f"{line}; log {child.log}")
        return child

    def kill_at(self, scenario, child, point):
        """Wait until ``child`` stops at ``point``, SIGKILL it, and check
        that the database kept exactly what was committed before."""
        line = child.wait_for(f"FAULT-POINT {point} ", timeout=600)
        committed = line.split("committed=", 1)[1]
        child.kill()
        self.wait_disconnected(child.db)
        after = json.dumps(
            [
                [day, last, deferred]
                for day, last, deferred in json.loads(
                    self.sql(
                        child.db,
                        "SELECT coalesce(json_agg(json_build_array(day::text, last_employee_id, "
                        "deferred_employee_ids) ORDER BY id), '[]') FROM hr_career_scheduler_state",
                    )
                )
            ]
        )
        self.check(scenario, f"killed at {point}: the committed progress is what it was", after == committed, after)
        last = json.loads(committed)[0][1] if json.loads(committed) else 0
        beyond = int(self.sql(child.db, BEYOND.format(last=last)))
        self.check(scenario, f"killed at {point}: nothing written past employee {last}", not beyond, beyond)
        return last

    def scenarios(self):
        wanted = set(self.args.scenarios.split(",")) if self.args.scenarios else None
        if not wanted or wanted & {"between", "inside"}:
            self.kill_scenarios(wanted)
        if not wanted or wanted & {"held", "retry", "user_waits"}:
            edited_db = self.copy("edited_first")
            self.run_to_end("user's edits first", "edits then run", edited_db, FAULT_MODE="user,run")
            edited = self.dump(edited_db)
            for name, scenario in (
                ("held", self.concurrent_whole_run),
                ("retry", self.concurrent_until_retry),
                ("user_waits", self.user_waits_for_the_batch),
            ):
                if not wanted or name in wanted:
                    scenario(edited)

    def kill_scenarios(self, wanted):
        reference_db = self.copy("reference")
        self.run_to_end("reference", "uninterrupted", reference_db)
        reference = self.dump(reference_db)
        self.check("reference", "it planned interviews", any('"to_plan"' in r for r in reference["interviews"]))
        self.no_duplicates("reference", reference_db)

        scenario = "killed between two batches"
        if wanted and "between" not in wanted:
            return self.kill_inside(reference)
        db = self.copy("between")
        last = self.kill_at(scenario, self.start("first", db, "run", FAULT_PAUSE="between:3"), "between:3")
        self.check(scenario, "two batches were committed before the kill", last > 0, last)
        self.run_to_end(scenario, "resumed", db)
        self.compare(scenario, db, reference, "the uninterrupted run")
        if not wanted or "inside" in wanted:
            self.kill_inside(reference)

    def kill_inside(self, reference):
        scenario = "killed inside batches"
        db = self.copy("inside")
        self.kill_at(scenario, self.start("first", db, "run", FAULT_PAUSE="copy:3"), "copy:3")
        self.kill_at(scenario, self.start("second", db, "run", FAULT_PAUSE="commit:last"), "commit:last")
        digests = self.sql(
            db,
            "SELECT count(*) FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id "
            "WHERE m.subject LIKE '%career obligations overdue'",
        )
        self.check(scenario, "the digest of the killed last batch was not kept", digests == "0", digests)
        self.run_to_end(scenario, "resumed", db)
        self.compare(scenario, db, reference, "the uninterrupted run")

    def user_edits_kept(self, scenario, db):
        x1, interview = self.fixtures["x1"], self.fixtures["x2_interview"]
        kept = self.sql(
            db,
            f"""SELECT (SELECT l10n_fr_career_information_date = l10n_fr_career_hire_date FROM hr_employee
                        WHERE id = {x1})
                   AND (SELECT location FROM hr_career_interview WHERE id = {interview}) = '{LOCATION}'""",
        )
        self.check(scenario, "the user's edits are kept", kept == "t", kept)

    def concurrent_whole_run(self, edited):
        scenario = "a user holds rows during the whole run"
        db = self.copy("held")
        x1, x2, interview = self.fixtures["x1"], self.fixtures["x2"], self.fixtures["x2_interview"]
        user = self.start("user", db, "user", FAULT_HOLD=1)
        user.wait_for("USER-HOLDING", timeout=300)
        started = time.time()
        # A run that waited for the user would never end: the user commits
        # only after it.
        run = self.run_to_end(scenario, "run beside the user", db, timeout=300)
        seconds = time.time() - started
        holding = user.process.poll() is None
        self.check(scenario, f"the run ended in {seconds:.0f} s while the user still held the rows", holding)
        log = run.read_log()
        left = next((line for line in log.splitlines() if "still busy, left for the next run" in line), "")
        self.check(scenario, "both employees left for the next run", str(x1) in left and str(x2) in left, left)
        self.check(
            scenario,
            "the interview the user holds: the batch gave up after the lock timeout",
            f"employee {x2} put aside" in log,
        )
        untouched = self.sql(
            db,
            f"""SELECT (SELECT count(*) FROM hr_career_obligation WHERE employee_id IN ({x1}, {x2}))
                     + (SELECT count(*) FROM hr_career_interview WHERE id = {interview} AND due_date IS NOT NULL)""",
        )
        self.check(scenario, "nothing written for them meanwhile", untouched == "0", untouched)
        broken = self.sql(
            db, f"SELECT count(*) FROM hr_employee WHERE id IN ({x1}, {x2}) AND l10n_fr_career_has_problem"
        )
        # (PostgreSQL's lock timeout is logged by Odoo as a "bad query" error,
        # as any concurrency error of a request is: not the scheduler's.)
        errors = [line for line in log.splitlines() if " ERROR " in line and "hr_career_scheduler" in line]
        self.check(scenario, "nobody reported broken", broken == "0" and not errors, f"{broken} {errors[:1]}")
        self.go(user, "user")
        user.wait_for("USER-DONE", timeout=60)
        user.wait(timeout=60)
        self.user_edits_kept(scenario, db)
        # The next day's run: the progress row is yesterday's, the job due.
        self.sql(db, "UPDATE hr_career_scheduler_state SET day = day - 1")
        self.run_to_end(scenario, "next run", db, FAULT_FORCE_READY=1)
        self.compare(scenario, db, edited, "with the edits made first", digests_by_count=True)

    def concurrent_until_retry(self, edited):
        scenario = "a user commits before the retry at the end of the run"
        db = self.copy("retry")
        user = self.start("user", db, "user", FAULT_HOLD=1)
        user.wait_for("USER-HOLDING", timeout=300)
        run = self.start("run", db, "run", FAULT_PAUSE="retry")
        self.check(scenario, "the run reached the retry", bool(run.wait_for("FAULT-POINT retry ", timeout=600)))
        self.go(user, "user")
        user.wait_for("USER-DONE", timeout=60)
        user.wait(timeout=60)
        self.go(run, "retry")
        line = run.wait_for("RUN-", timeout=600)
        run.wait(timeout=60)
        self.check(scenario, "the cron job runs to its end", line.endswith("failures=0"), line)
        self.user_edits_kept(scenario, db)
        self.compare(scenario, db, edited, "with the edits made first")

    def user_waits_for_the_batch(self, edited):
        scenario = "a user edits rows a batch holds"
        db = self.copy("user_waits")
        run = self.start("run", db, "run", FAULT_PAUSE="commit:x1,after:x1")
        run.wait_for("FAULT-POINT commit:x1 ", timeout=600)
        user = self.start("user", db, "user")
        deadline = time.time() + 120
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        while self.sql(db, waiting) == "0" and time.time() < deadline:
            time.sleep(0.1)
        self.check(scenario, "the user waits for the batch's lock", time.time() < deadline)
        self.go(run, "commit:x1")
        run.wait_for("FAULT-POINT after:x1 ", timeout=120)
        line = user.wait_for("USER-DONE", timeout=120)
        user.wait(timeout=60)
        tries = int(line.rsplit("=", 1)[1])
        self.check(
            scenario, "the user's transaction failed once on the batch's commit and was retried", tries >= 2, line
        )
        self.user_edits_kept(scenario, db)
        self.go(run, "after:x1")
        line = run.wait_for("RUN-", timeout=600)
        run.wait(timeout=60)
        self.check(scenario, "the cron job runs to its end", line.endswith("failures=0"), line)
        self.compare(scenario, db, edited, "with the edits made first")

    # -- all ------------------------------------------------------------------------------

    def main(self):
        started = time.time()
        try:
            self.build_template()
            self.scenarios()
        except Failed as error:
            self.check("suite", "ran to its end", False, error)
        finally:
            for child in self.children:
                child.kill()
            for db in self.databases:
                if db != self.args.keep_template:
                    subprocess.run(["dropdb", "--if-exists", db], check=False, stderr=subprocess.DEVNULL)
            if self.failed:
                print(f"logs of the Odoo processes kept in {self.work}", flush=True)
            else:
                shutil.rmtree(self.work, ignore_errors=True)
        print(f"faults: {self.passed} passed, {self.failed} failed in {time.time() - started:.0f} s", flush=True)
        return 1 if self.failed else 0


class Child:
    """An `odoo shell` running scripts/fault_runner.py; its output lines are
    collected as they come (the points it stops at, what it did)."""

    def __init__(self, label, suite, db, env):
        self.label, self.db, self.env = label, db, env
        self.log = os.path.join(suite.work, f"{os.path.basename(db)}_{label}.log")
        self.lines, self.cond = [], threading.Condition()
        with open(RUNNER) as script, open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [suite.odoo, "shell", "-d", db, f"--addons-path={suite.addons}", "--no-http", *LOG_OPTIONS],
                stdin=script,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=env,
                start_new_session=True,  # killed with its process group
            )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.lines.append(None)  # the end of the output
            self.cond.notify_all()

    def wait_for(self, prefix, timeout):
        deadline = time.time() + timeout
        seen = 0
        with self.cond:
            while True:
                for line in self.lines[seen:]:
                    if line is None:
                        raise Failed(
                            f"{self.label} on {self.db} ended before '{prefix}': see {self.read_log()[-3000:]}"
                        )
                    if line.startswith(prefix):
                        return line
                seen = len(self.lines)
                if time.time() > deadline:
                    raise Failed(f"{self.label} on {self.db}: no '{prefix}' after {timeout} s")
                self.cond.wait(timeout=1)

    def wait(self, timeout):
        self.process.wait(timeout=timeout)

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def read_log(self):
        with open(self.log) as log:
            return log.read()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--keep-template", metavar="NAME", help="build the template once under NAME and keep it")
    parser.add_argument(
        "--scenarios", metavar="NAMES", help="only these, comma separated: between, inside, held, retry, user_waits"
    )
    sys.exit(Suite(parser.parse_args()).main())
