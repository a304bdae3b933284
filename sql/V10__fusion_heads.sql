-- V10: the interaction fusion heads (align_fusion, bilinear_fusion, gated_fusion) join the lab's
-- four. The model name is checked where it is parsed (HeadKind), so the lists are widened here.
ALTER TABLE trial DROP CONSTRAINT trial_model_check;
ALTER TABLE trial ADD CONSTRAINT trial_model_check CHECK (model IN ('text', 'image',
    'early_fusion', 'late_fusion', 'align_fusion', 'bilinear_fusion', 'gated_fusion'));
ALTER TABLE metric_ci DROP CONSTRAINT metric_ci_model_check;
ALTER TABLE metric_ci ADD CONSTRAINT metric_ci_model_check CHECK (model IN ('text', 'image',
    'early_fusion', 'late_fusion', 'align_fusion', 'bilinear_fusion', 'gated_fusion'));
