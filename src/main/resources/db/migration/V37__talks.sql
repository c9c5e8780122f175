-- 谈心谈话 (api-outline round 3, "A member's care, talks and reports"): a leader's talk with one or more people of
-- the org's subtree, dated, with a topic everyone concerned may see and notes only the talker and the org's
-- secretary read. Inspectors ask for the log, and who was not talked with this year, before every 组织生活会.
CREATE TABLE talks (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs (id),
  talker_id  uuid NOT NULL REFERENCES persons (id),
  talked_on  date NOT NULL,
  topic      text NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 200),
  notes      text CHECK (char_length(notes) <= 5000),
  follow_up  text CHECK (char_length(follow_up) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talks_org ON talks (org_id, talked_on);
CREATE INDEX talks_talker ON talks (talker_id);

CREATE TABLE talk_people (
  talk_id   uuid NOT NULL REFERENCES talks (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id),
  PRIMARY KEY (talk_id, person_id)
);
CREATE INDEX talk_people_person ON talk_people (person_id);
