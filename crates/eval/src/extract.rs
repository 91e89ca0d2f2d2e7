//! Extraction metrics.
