import NeurometryEncoding
// NeurometryReports: the self-contained HTML report and its SVG figures. This module holds no
// API yet.
import NeurometrySimilarity
