-- feature_set: which memes an image feature matrix left out (missing or undecodable image), so that
-- a cache hit reports the same skips as the run that computed it; and whether the encoder's weights
-- were pretrained (false for the random-weight ResNets, which results must say plainly).
ALTER TABLE feature_set ADD COLUMN skipped JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE feature_set ADD COLUMN pretrained BOOLEAN;
