const char tdvisor_version[] = "080d84c-dirty";
