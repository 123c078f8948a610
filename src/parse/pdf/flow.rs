//! What one page tells the next: whether a table (or header block) goes on over the
//! break, and where a table without rules had its columns.

/// Where a page's table lies, carried from page to page: a table cut by a page break goes
/// on at the top of the next page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Flow {
    #[default]
    Outside,
    Header,
    Table,
}

/// What one page tells the next about a table without rules: whether it goes on, and
/// where its columns start (a continuation page may lack some labels to find them by).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Carry {
    pub flow: Flow,
    pub starts: Vec<f64>,
    /// Where the header block's value column starts (a header block cut by a break).
    pub value_x: Option<f64>,
}
