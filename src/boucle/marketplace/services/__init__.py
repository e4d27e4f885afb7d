"""Everything that changes the marketplace, one module per subject.

Views, the API, the command line, imports and tasks all call these functions. Each raises
`ServiceError` (a message for the person, naming the field at fault) and saves nothing when a
rule refuses the change.
"""
