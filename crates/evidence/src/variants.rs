//! Naming variants (Kyiv/Kiev) and scare quotes.
//!
//! TODO: the lexicon and the finders.
