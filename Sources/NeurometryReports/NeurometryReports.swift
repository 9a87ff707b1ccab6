// NeurometryReports: the self-contained HTML report of a model–brain study and its SVG figures.
import NeurometryStudy
