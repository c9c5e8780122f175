-- The branch's 党费 money beyond what members pay (api-outline round 3, "the branch's funds"): 党费上缴 to the level
-- above, 返还 back from it (seed 000 四(二): part of the dues returned to the grassroots) and what was spent, each
-- with its date and note; the activity fund is judged against at least 100 yuan per party member a year (seed 001
-- 三.7 学校每年按照每名党员不少于100元的标准落实基层党组织活动经费; seed 003 §12).
CREATE TABLE dues_fund_entries (
  id          uuid PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES orgs (id),
  direction   text NOT NULL CHECK (direction IN ('up', 'returned', 'spent')),
  amount_fen  integer NOT NULL CHECK (amount_fen > 0),
  on_date     date NOT NULL,
  note        text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 500),
  recorded_by uuid NOT NULL REFERENCES persons (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dues_fund_entries_org ON dues_fund_entries (org_id, on_date);
