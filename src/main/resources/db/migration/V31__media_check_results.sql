-- WeChat's verdict on a photo can arrive before the server has recorded the trace id it was given (the fake
-- WeChat answers within milliseconds; a real one may too): every verdict is kept here by trace id, and the
-- photo takes it whichever of the two arrives second (see PhotoRepository.checkAsked / checked).
CREATE TABLE media_check_results (
  trace_id    text PRIMARY KEY,
  suggest     text NOT NULL CHECK (suggest IN ('pass', 'review', 'risky')),
  received_at timestamptz NOT NULL DEFAULT now()
);
