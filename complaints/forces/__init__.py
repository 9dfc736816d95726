"""Police forces served by the installation: each case, subject and report belongs to one."""
