"""The IOPC measures (domain.md A6), the monthly board report, dashboards and exports."""
