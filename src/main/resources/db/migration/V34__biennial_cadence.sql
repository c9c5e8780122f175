-- 民主评议 every two years (seed 003 §8: 每两年开展一次民主评议党员) as a cadence a school may choose; the default stays
-- yearly (national 支部工作条例). "biennial" is owed once in the two calendar years ending with the current one.
ALTER TABLE compliance_rules DROP CONSTRAINT IF EXISTS compliance_rules_cadence_check;
ALTER TABLE compliance_rules ADD CONSTRAINT compliance_rules_cadence_check
  CHECK (cadence IN ('monthly', 'quarterly', 'yearly', 'biennial'));
