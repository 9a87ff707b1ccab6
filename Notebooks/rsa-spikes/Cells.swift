// The notebook is notebook.swift; the NotebookCells plugin turns it into this program's main.swift.
