-- V11 (issue 12): a sweep compares text recipes (pooling/layers of BERT's hidden states), so it runs
-- on one set of text features per recipe and split. text_recipe names the recipe of a text set,
-- e.g. 'mean/last4_concat'; '' for image sets and for the text sets of sweeps from before V11 (the
-- sweep's only recipe).
ALTER TABLE sweep_feature_set ADD COLUMN text_recipe TEXT NOT NULL DEFAULT '';
ALTER TABLE sweep_feature_set DROP CONSTRAINT sweep_feature_set_pkey;
ALTER TABLE sweep_feature_set ADD PRIMARY KEY (sweep_id, modality, split, text_recipe);
