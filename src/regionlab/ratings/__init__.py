"""Rating as a team: a panel rates every region's four actors in a spreadsheet.

`sheet` writes the rating sheet from a folder of profiles (evidence beside empty
rating and note cells, the scale in a sheet of its own), `read` reads filled sheets
(one per rater, or a rater column) and refuses bad cells with their row and column,
`apply` writes the panel's figure, spread and notes into the profiles (all or
nothing, comments and formatting kept; `lines`, `transaction`), and `agreement`
says how far the raters agreed (Krippendorff's alpha) and where they differ most.
The rules (panel figure, steps, when raters differ) are data: data/ratings.yaml.

Heavy libraries (openpyxl, krippendorff) are imported only by the
function that needs them, never by `regionlab assess`.
"""
