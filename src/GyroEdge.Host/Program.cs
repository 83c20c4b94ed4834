// Placeholder until the command line lands (issue 2): keeps the solution building.
return 0;
