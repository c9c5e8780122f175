-- WeChat's media security check for photos (mediaCheckAsync, v2): asked when a photo is kept, answered later by
-- WeChat's message push (event wxa_media_check) with the trace id it gave. A photo judged risky is shown to
-- nobody but its sender; pending or review photos stay visible as before (the text check already guards words).
ALTER TABLE photos ADD COLUMN media_trace text;
ALTER TABLE photos ADD COLUMN media_check text CHECK (media_check IN ('pending', 'pass', 'review', 'risky'));
CREATE INDEX photos_media_trace ON photos (media_trace) WHERE media_trace IS NOT NULL;
