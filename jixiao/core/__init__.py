"""The contracts every layer shares: the cell grid (grid), text cleaning (text), the output schema
(schema), the catalogues and the settings of a call (config, settings), the vocabulary built from them
(vocabulary).  The stages (extract, normalize, rules) import only these and earlier stages, never the
runner (jixiao.runner) or the library API."""
