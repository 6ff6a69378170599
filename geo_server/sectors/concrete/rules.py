"""The 20 warnings of the seed's concrete system (DOMAIN.md §4) as rules, defined in one table.

Every rule warns on the plant feature (so hazards reach the plant's enterprise and its district);
its subject names what inside the plant it is about. [S] a standard (as cited), [D] our default: a
parameter that RuleThreshold rows override per plant (organisation), district or city. Levels:
yellow 1, orange 2 (promoted to a hazard), red 3. Statements live by concern in rules_plant.py,
rules_materials.py, rules_production.py and rules_quality.py.
"""

from dataclasses import dataclass

from geo_server.sectors.concrete import rules_materials, rules_plant, rules_production, rules_quality


@dataclass(frozen=True)
class RuleDefinition:
    number: int
    code: str
    definition: str
    source: str
    subject: str


RULE_TABLE = (
    RuleDefinition(1, "concrete.basic", "Qualification certificate or laboratory qualification missing or expired "
                   "(orange), or expiring within notice_days = 30 (yellow); valid through the expiry day.",
                   "[D] 30 days", "plant"),
    RuleDefinition(2, "concrete.equipment", "A mixing line's metering equipment without a verification on record, or "
                   "past last verification + verification_months = 12 (silent on the due day).", "[D] 12 months",
                   "line"),
    RuleDefinition(3, "concrete.batching_online", "A line with a batch in the last active_minutes = 60 whose last "
                   "batching record is older than silence_minutes = 30 (subject line:L:link); batches older than "
                   "30 min with no batching record of their serial (line:L:unrecorded).", "[D] 60 / 30 min", "line"),
    RuleDefinition(4, "concrete.selftest_abnormal", "A self-test the plant marked failed, or its result beyond its own "
                   "limit (max or min), or natural-sand mud content > sand_mud_max_pct = 3.0%.",
                   "[S] JGJ 52 (mud <= 3.0% for >= C30, as remembered)", "lot"),
    RuleDefinition(5, "concrete.selftest_missing", "A lot of a required type (all but water) used in a batching record "
                   "before any self-test of it (a test at the first use's time counts).", "[D] required types", "lot"),
    RuleDefinition(6, "concrete.material_entry", "A lot (not water) without certificate, without test report, or from "
                   "a supplier not approved by the plant for that material on the arrival day.", "[D]", "lot"),
    RuleDefinition(7, "concrete.material_timeout", "A lot used on a day after manufacture + validity_months (cement: 3) "
                   "with no self-test dated after that day and before the use.",
                   "[S] GB 50204 (cement 3 months, as remembered)", "lot"),
    RuleDefinition(8, "concrete.late_entry", "A lot recorded more than late_entry_hours = 24 after its weighbridge "
                   "arrival (yellow).", "[D] 24 h", "lot"),
    RuleDefinition(9, "concrete.usage", "Batching records used more of a lot than its entered quantity (lot:X); the "
                   "latest stock count of a material differs from entries less usage up to it by more than "
                   "stock_deviation_pct = 5% of that balance (stock:M, yellow).", "[D] 5%", "lot"),
    RuleDefinition(10, "concrete.duplicate", "A lot repeating an earlier lot's weighbridge ticket, or its supplier lot "
                   "number from the same supplier for the same material, at the same plant (the later entry).",
                   "[D]", "lot"),
    RuleDefinition(11, "concrete.mix_design", "A mix whose water-binder ratio exceeds its environment category's "
                   "maximum or whose binder content is below the minimum for its ratio and structure (mix:M); "
                   "batches produced with a mix not in state approved (mix:M:unapproved).",
                   "[S] GB 50010-2010 table 3.5.3, JGJ 55-2011 table 3.0.4", "mix"),
    RuleDefinition(12, "concrete.production_info", "A batch without grade, volume or destination site (yellow), or "
                   "delivered to a construction site without a construction permit number (orange).", "[D]", "batch"),
    RuleDefinition(13, "concrete.batching_deviation", "A batching record whose actual mass is off its target by more "
                   "than binder 2%, aggregate 3%, water 1%, admixture 1% of the target.",
                   "[D] from GB 50164 as remembered", "batch"),
    RuleDefinition(14, "concrete.chloride", "A chloride test of a batch over the limit of its mix's exposure class "
                   "(batch:S), or a mix's computed chloride or own test over it (mix:M); red. Limits dry 0.30, humid "
                   "0.20, humid+chloride 0.10, corrosive 0.06, prestressed 0.06, plain 1.00 % of cement.",
                   "[S] JGJ 55-2011 table 3.0.6", "batch or mix"),
    RuleDefinition(15, "concrete.specimen_groups", "Per shift and mix, fewer standard-cured groups than "
                   "max(1, ceil(batches / 100), ceil(m³ / 100)); judged once the shift's last day is before today.",
                   "[S] GB 50204 (as remembered); 100 / 100 as parameters", "shift"),
    RuleDefinition(16, "concrete.approval", "A batch produced before its order was approved (or with an order never "
                   "approved), or before its mix's approval time.", "[D]", "batch"),
    RuleDefinition(17, "concrete.invalid_serial", "Batching records older than grace_minutes = 30 whose serial matches "
                   "no batch (line:L:orphan); on a line, in time order, a change of serial to a trailing number not "
                   "above the previous one (line:L:sequence).", "[D] 30 min", "line"),
    RuleDefinition(18, "concrete.strength_evaluation", "A closed evaluation batch (plant, mix, calendar month of cast "
                   "dates) that fails evaluate_strength; red.", "[S] GB/T 50107-2010; month [D]", "evaluation batch"),
    RuleDefinition(19, "concrete.past_28_days", "A standard-cured group untested after cast date + age (28) + "
                   "grace_days = 1, or tested after that day (silent on it).", "[D] 1 day grace", "specimen group"),
    RuleDefinition(20, "concrete.machine_sand", "A machine-made sand lot without product certificate, with it expired "
                   "on arrival, without MB value or stone powder, or MB > mb_max = 1.4 or stone powder > 10.0%.",
                   "[S] GB/T 14684-2011 (as remembered)", "lot"),
)

RULES = rules_plant.RULES + rules_materials.RULES + rules_production.RULES + rules_quality.RULES
