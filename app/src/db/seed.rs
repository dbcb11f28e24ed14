//! Reference and demo data.
