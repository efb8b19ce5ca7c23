"""`goldilocks lsp`: a language server for story folders, on pygls (stdio).

One module per job: `folder` loads a story folder as the editor holds it and checks it (the loader,
validation and `check`'s static lints, so the messages are `check`'s own); `index` knows where each
scene, variable and ending is defined and used; `completion`, `hover` and `rename` answer those
requests from it; `server` wires them to the protocol.
"""
