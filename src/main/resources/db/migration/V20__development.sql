-- 发展党员: the dated steps of each person's development, and the timing rules between steps as data a school can
-- change (defaults from the procedure: seeds 001 §3.6, 002 §15, 003 §11).
CREATE TABLE development_rules (
  milestone        text PRIMARY KEY,
  -- calendar months ("at least one year" is twelve months, whatever the leap years) and working days
  min_months        integer NOT NULL DEFAULT 0 CHECK (min_months >= 0),
  min_working_days  integer NOT NULL DEFAULT 0 CHECK (min_working_days >= 0),
  due_within_months integer CHECK (due_within_months > 0),
  source           text NOT NULL
);
INSERT INTO development_rules (milestone, min_months, min_working_days, due_within_months, source) VALUES
  ('first_talk', 0, 0, 1, '收到入党申请书后一个月内派人谈话'),
  ('candidate', 12, 0, NULL, '经过一年以上培养教育和考察，方可列为发展对象'),
  ('branch_vote', 0, 5, NULL, '公示不少于 5 个工作日后提交支部大会讨论'),
  ('full_member', 12, 0, 13, '预备期为一年，期满及时讨论转正');

CREATE TABLE development_milestones (
  person_id   uuid NOT NULL REFERENCES persons (id),
  milestone   text NOT NULL,
  happened_on date NOT NULL,
  note        text,
  recorded_by uuid NOT NULL REFERENCES persons (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, milestone)
);
