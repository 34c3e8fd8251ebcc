"""Administrative divisions: county → street/town → community/village."""
