-- The 支部大会's vote on a person's admission, with its counts (api-outline round 3, development additions): those
-- entitled to vote (应到会有表决权的正式党员), present, for, against, abstaining. It passes only when more than half of
-- those entitled are present and more than half of those entitled vote for (national 发展党员工作细则); the check
-- below keeps a failed or inconsistent vote out of the record whatever writes it.
ALTER TABLE development_milestones
  ADD COLUMN vote_eligible integer, ADD COLUMN vote_present integer, ADD COLUMN vote_for integer,
  ADD COLUMN vote_against integer, ADD COLUMN vote_abstain integer,
  ADD CONSTRAINT development_milestones_vote CHECK (
    (vote_eligible IS NULL AND vote_present IS NULL AND vote_for IS NULL AND vote_against IS NULL AND vote_abstain IS NULL)
    OR (milestone = 'branch_vote' AND vote_eligible > 0 AND vote_present <= vote_eligible
        AND vote_for >= 0 AND vote_against >= 0 AND vote_abstain >= 0
        AND vote_for + vote_against + vote_abstain <= vote_present
        AND vote_present * 2 > vote_eligible AND vote_for * 2 > vote_eligible));
