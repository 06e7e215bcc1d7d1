//! The project's data tables as plain rows, the same on both sides of a
//! shared project: their shapes read from the project file's own schema, a
//! cell that is an integer or a text (or missing), and copying a row by its
//! primary key between the SQLite file and the PostgreSQL server.
//!
//! Everything here is generic over the schema, so a new column or table in a
//! migration is shared with no code to change. Table and column names come
//! from the file's schema, never from input; every value is a parameter.

use postgres::types::{ToSql, Type};
use rusqlite::types::Value;
use std::collections::HashMap;

/// The tables that hold the project, in the order they are copied. The
/// history, parked records and journal are each side's own.
pub const DATA_TABLES: [&str; 19] = [
    "coders",
    "participants",
    "participant_attributes",
    "documents",
    "turns",
    "document_attributes",
    "document_pages",
    "speakers",
    "codes",
    "codings",
    "themes",
    "theme_codes",
    "theme_quotes",
    "theme_versions",
    "memos",
    "comments",
    "map_positions",
    "settings",
    "pseudonyms",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Declared INTEGER (BIGINT on the server); otherwise TEXT.
    pub integer: bool,
    pub not_null: bool,
}

/// One data table: its columns in the file's order and its primary key.
#[derive(Debug, Clone)]
pub struct Shape {
    pub table: String,
    pub columns: Vec<Column>,
    /// Indexes into `columns`, in the key's order.
    pub key: Vec<usize>,
}

/// A value of one column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Cell {
    pub fn from_sqlite(value: Value, integer: bool) -> Result<Self, String> {
        Ok(match (value, integer) {
            (Value::Null, true) => Cell::Int(None),
            (Value::Null, false) => Cell::Text(None),
            (Value::Integer(number), true) => Cell::Int(Some(number)),
            (Value::Integer(number), false) => Cell::Text(Some(number.to_string())),
            (Value::Text(text), false) => Cell::Text(Some(text)),
            (Value::Text(text), true) => Cell::Int(Some(
                text.parse()
                    .map_err(|_| format!("{text:?} stands where a number belongs"))?,
            )),
            (Value::Real(number), _) => {
                return Err(format!("{number} is a fraction where the schema has none"));
            }
            (Value::Blob(_), _) => return Err("a binary value where text belongs".to_owned()),
        })
    }

    pub fn from_postgres(
        row: &postgres::Row,
        index: usize,
        integer: bool,
    ) -> Result<Self, postgres::Error> {
        Ok(if integer {
            Cell::Int(row.try_get(index)?)
        } else {
            Cell::Text(row.try_get(index)?)
        })
    }

    /// A key cell as the capture triggers wrote it (`json_array(...)`).
    fn from_json(value: &serde_json::Value, integer: bool) -> Result<Self, String> {
        match (value, integer) {
            (serde_json::Value::Null, true) => Ok(Cell::Int(None)),
            (serde_json::Value::Null, false) => Ok(Cell::Text(None)),
            (serde_json::Value::Number(number), true) => number
                .as_i64()
                .map(|n| Cell::Int(Some(n)))
                .ok_or_else(|| format!("{number} is not a whole number")),
            (serde_json::Value::Number(number), false) => Ok(Cell::Text(Some(number.to_string()))),
            (serde_json::Value::String(text), false) => Ok(Cell::Text(Some(text.clone()))),
            (serde_json::Value::String(text), true) => text
                .parse()
                .map(|n| Cell::Int(Some(n)))
                .map_err(|_| format!("{text:?} is not a number")),
            (other, _) => Err(format!("{other} is not a key value")),
        }
    }

    #[must_use]
    pub fn as_postgres(&self) -> &(dyn ToSql + Sync) {
        match self {
            Cell::Int(value) => value,
            Cell::Text(value) => value,
        }
    }

    #[must_use]
    pub fn to_sqlite(&self) -> Value {
        match self {
            Cell::Int(Some(number)) => Value::Integer(*number),
            Cell::Text(Some(text)) => Value::Text(text.clone()),
            Cell::Int(None) | Cell::Text(None) => Value::Null,
        }
    }
}

/// The shapes of the data tables, read from the file's schema.
pub fn shapes(connection: &rusqlite::Connection) -> rusqlite::Result<Vec<Shape>> {
    DATA_TABLES
        .iter()
        .map(|table| {
            let mut statement = connection.prepare(&format!("PRAGMA main.table_info({table})"))?;
            let mut columns = Vec::new();
            let mut keyed = Vec::new();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let name: String = row.get(1)?;
                let declared: String = row.get(2)?;
                let not_null: bool = row.get(3)?;
                let key_position: i64 = row.get(5)?;
                if key_position > 0 {
                    keyed.push((key_position, columns.len()));
                }
                columns.push(Column {
                    name,
                    integer: declared.eq_ignore_ascii_case("INTEGER"),
                    not_null: not_null || key_position > 0,
                });
            }
            keyed.sort_unstable();
            Ok(Shape {
                table: (*table).to_owned(),
                columns,
                key: keyed.into_iter().map(|(_, index)| index).collect(),
            })
        })
        .collect()
}

impl Shape {
    #[must_use]
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|column| column.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn key_names(&self) -> Vec<&str> {
        self.key
            .iter()
            .map(|&index| self.columns[index].name.as_str())
            .collect()
    }

    #[must_use]
    pub fn postgres_types(&self) -> Vec<Type> {
        self.columns
            .iter()
            .map(|column| {
                if column.integer {
                    Type::INT8
                } else {
                    Type::TEXT
                }
            })
            .collect()
    }

    /// The server's table: the same columns, BIGINT for INTEGER; no foreign
    /// keys or checks (see docs/schema.md).
    #[must_use]
    pub fn create_on_server(&self) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|column| {
                format!(
                    "{} {}{}",
                    column.name,
                    if column.integer { "BIGINT" } else { "TEXT" },
                    if column.not_null { " NOT NULL" } else { "" }
                )
            })
            .collect();
        format!(
            "CREATE TABLE {} ({}, PRIMARY KEY ({}))",
            self.table,
            columns.join(", "),
            self.key_names().join(", ")
        )
    }

    /// The SQLite expression a capture trigger records a row's key with.
    #[must_use]
    pub fn key_json(&self, row: &str) -> String {
        let cells: Vec<String> = self
            .key_names()
            .iter()
            .map(|name| format!("{row}.{name}"))
            .collect();
        format!("json_array({})", cells.join(", "))
    }

    pub fn parse_key(&self, text: &str) -> Result<Vec<Cell>, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| format!("key {text:?}: {error}"))?;
        let items = value
            .as_array()
            .filter(|items| items.len() == self.key.len())
            .ok_or_else(|| format!("key {text:?} of {} has the wrong shape", self.table))?;
        items
            .iter()
            .zip(&self.key)
            .map(|(item, &index)| Cell::from_json(item, self.columns[index].integer))
            .collect()
    }

    fn sqlite_where(&self) -> String {
        self.key_names()
            .iter()
            .enumerate()
            .map(|(n, name)| format!("{name} = ?{}", n + 1))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn postgres_where(&self) -> String {
        self.key_names()
            .iter()
            .enumerate()
            .map(|(n, name)| format!("{name} = ${}", n + 1))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn non_key_updates(&self) -> Vec<String> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(index, _)| !self.key.contains(index))
            .map(|(_, column)| format!("{0} = excluded.{0}", column.name))
            .collect()
    }

    fn upsert_tail(&self) -> String {
        let updates = self.non_key_updates();
        if updates.is_empty() {
            format!("ON CONFLICT ({}) DO NOTHING", self.key_names().join(", "))
        } else {
            format!(
                "ON CONFLICT ({}) DO UPDATE SET {}",
                self.key_names().join(", "),
                updates.join(", ")
            )
        }
    }

    #[must_use]
    pub fn sqlite_select(&self) -> String {
        format!(
            "SELECT {} FROM main.{} WHERE {}",
            self.column_list(),
            self.table,
            self.sqlite_where()
        )
    }

    #[must_use]
    pub fn sqlite_upsert(&self) -> String {
        let marks: Vec<String> = (1..=self.columns.len()).map(|n| format!("?{n}")).collect();
        format!(
            "INSERT INTO main.{} ({}) VALUES ({}) {}",
            self.table,
            self.column_list(),
            marks.join(", "),
            self.upsert_tail()
        )
    }

    #[must_use]
    pub fn sqlite_delete(&self) -> String {
        format!(
            "DELETE FROM main.{} WHERE {}",
            self.table,
            self.sqlite_where()
        )
    }

    #[must_use]
    pub fn postgres_select(&self) -> String {
        format!(
            "SELECT {} FROM {} WHERE {}",
            self.column_list(),
            self.table,
            self.postgres_where()
        )
    }

    #[must_use]
    pub fn postgres_upsert(&self) -> String {
        let marks: Vec<String> = (1..=self.columns.len()).map(|n| format!("${n}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({}) {}",
            self.table,
            self.column_list(),
            marks.join(", "),
            self.upsert_tail()
        )
    }

    #[must_use]
    pub fn postgres_delete(&self) -> String {
        format!("DELETE FROM {} WHERE {}", self.table, self.postgres_where())
    }

    /// Reads one row of the SQLite file by key.
    pub fn read_sqlite(
        &self,
        connection: &rusqlite::Connection,
        key: &[Cell],
    ) -> Result<Option<Vec<Cell>>, RowError> {
        let mut statement = connection.prepare_cached(&self.sqlite_select())?;
        let params: Vec<Value> = key.iter().map(Cell::to_sqlite).collect();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let cells = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                Cell::from_sqlite(row.get::<_, Value>(index)?, column.integer).map_err(|detail| {
                    RowError::Record(format!("{}.{}: {detail}", self.table, column.name))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(cells))
    }

    /// Writes one row to the SQLite file, or deletes it (`None`).
    pub fn write_sqlite(
        &self,
        connection: &rusqlite::Connection,
        key: &[Cell],
        row: Option<&[Cell]>,
    ) -> rusqlite::Result<()> {
        match row {
            Some(cells) => {
                let params: Vec<Value> = cells.iter().map(Cell::to_sqlite).collect();
                connection
                    .prepare_cached(&self.sqlite_upsert())?
                    .execute(rusqlite::params_from_iter(params))?;
            }
            None => {
                let params: Vec<Value> = key.iter().map(Cell::to_sqlite).collect();
                connection
                    .prepare_cached(&self.sqlite_delete())?
                    .execute(rusqlite::params_from_iter(params))?;
            }
        }
        Ok(())
    }

    pub fn row_from_postgres(&self, row: &postgres::Row) -> Result<Vec<Cell>, postgres::Error> {
        self.columns
            .iter()
            .enumerate()
            .map(|(index, column)| Cell::from_postgres(row, index, column.integer))
            .collect()
    }
}

/// Prepared statements of the server, made once per connection.
#[derive(Default)]
pub struct ServerStatements {
    prepared: HashMap<String, postgres::Statement>,
}

impl ServerStatements {
    pub fn get(
        &mut self,
        client: &mut postgres::Client,
        sql: String,
    ) -> Result<postgres::Statement, postgres::Error> {
        if let Some(statement) = self.prepared.get(&sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(&sql)?;
        self.prepared.insert(sql, statement.clone());
        Ok(statement)
    }

    /// Reads one row of the server by key.
    pub fn read(
        &mut self,
        client: &mut postgres::Client,
        shape: &Shape,
        key: &[Cell],
    ) -> Result<Option<Vec<Cell>>, postgres::Error> {
        let statement = self.get(client, shape.postgres_select())?;
        let params: Vec<&(dyn ToSql + Sync)> = key.iter().map(Cell::as_postgres).collect();
        client
            .query_opt(&statement, &params)?
            .map(|row| shape.row_from_postgres(&row))
            .transpose()
    }

    /// Writes one row to the server, or deletes it (`None`).
    pub fn write(
        &mut self,
        client: &mut postgres::Client,
        shape: &Shape,
        key: &[Cell],
        row: Option<&[Cell]>,
    ) -> Result<(), postgres::Error> {
        let (sql, cells) = match row {
            Some(cells) => (shape.postgres_upsert(), cells),
            None => (shape.postgres_delete(), key),
        };
        let statement = self.get(client, sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = cells.iter().map(Cell::as_postgres).collect();
        client.execute(&statement, &params)?;
        Ok(())
    }
}

/// Why a row could not be copied.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
    #[error("a record cannot be shared: {0}")]
    Record(String),
}

/// Records, in SQLite's temporary schema, the key of every data row the
/// connection inserts, updates or deletes, so the step can be sent to the
/// server without knowing which tables each command writes.
pub fn install_capture(
    connection: &rusqlite::Connection,
    shapes: &[Shape],
) -> rusqlite::Result<()> {
    let mut sql = String::from(
        // No key: an insert in a trigger takes the conflict rule of the
        // statement that fired it, so a duplicate is kept and read once.
        "CREATE TEMP TABLE IF NOT EXISTS captured (tbl TEXT NOT NULL, key TEXT NOT NULL);",
    );
    for shape in shapes {
        let table = &shape.table;
        let new_key = shape.key_json("NEW");
        let old_key = shape.key_json("OLD");
        let record = |key: &str| format!("INSERT INTO temp.captured VALUES ('{table}', {key});");
        for (operation, body) in [
            ("INSERT", record(&new_key)),
            (
                "UPDATE",
                format!("{} {}", record(&old_key), record(&new_key)),
            ),
            ("DELETE", record(&old_key)),
        ] {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_{operation} AFTER {operation} ON main.{table} BEGIN {body} END;"
            ));
        }
    }
    connection.execute_batch(&sql)
}

/// The keys captured since the last call, as (table, key JSON), and forgets them.
pub fn take_captured(connection: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let captured = connection
        .prepare_cached("SELECT DISTINCT tbl, key FROM temp.captured ORDER BY tbl, key")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    connection.execute("DELETE FROM temp.captured", [])?;
    Ok(captured)
}

pub fn shape_of<'a>(shapes: &'a [Shape], table: &str) -> Result<&'a Shape, RowError> {
    shapes
        .iter()
        .find(|shape| shape.table == table)
        .ok_or_else(|| RowError::Record(format!("{table} is not a table of the project")))
}
