-- 党员信息 for 党内统计 (seed 002 §20): what the annual statistics ask of each member. All optional; dates as
-- dates. joined_at is 入党时间 (the anniversary is the 政治生日), full_member_at 转正时间.
ALTER TABLE persons
  ADD COLUMN gender         text CHECK (gender IN ('male', 'female')),
  ADD COLUMN birth_date     date,
  ADD COLUMN ethnicity      text CHECK (length(ethnicity) <= 20),
  ADD COLUMN education      text CHECK (education IN ('primary', 'junior', 'senior', 'vocational', 'associate',
                                                     'bachelor', 'master', 'doctorate')),
  ADD COLUMN joined_at      date,
  ADD COLUMN full_member_at date;
