//! One typed row per kind from a record: the columns the plan mapped, read with the
//! column's conventions, or the reason the row is rejected.

use super::*;

impl Reader {
    pub(super) fn survey<F: Fields + ?Sized>(
        &self,
        line: usize,
        rec: &F,
    ) -> Result<SurveyResponse, Reject> {
        let (i, v) = self.required(rec, Field::Score)?;
        let score = match value::small_int(v) {
            Some(s) => s,
            None => self.score_at(i, v)?,
        };
        let survey = match self.raw(rec, Field::Survey) {
            Some((i, v)) => Some(
                value::parse_survey_type(v)
                    .ok_or_else(|| (i, RejectReason::UnknownSurveyType { value: v.to_owned() }))?,
            ),
            None => self.plan.survey_hint,
        };
        Ok(SurveyResponse {
            line,
            score,
            date: self.opt_date(rec, Field::Date)?,
            survey,
            // Not interned: answers are counted and dropped as they stream by, and an
            // interning set would keep every respondent (often one per row) to the end.
            customer: self.raw(rec, Field::Customer).map(|(_, v)| Name::from(v)),
            comment: self.opt_text(rec, Field::Comment),
        })
    }

    pub(super) fn snapshot<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<MrrSnapshot, Reject> {
        let (_, customer) = self.required(rec, Field::Customer)?;
        let (mi, mv) = self.required(rec, Field::Month)?;
        let month = match self.months.get(mi, mv) {
            Some(m) => m,
            None => {
                let order = self.plan.dates.get(mi).copied().unwrap_or(value::DateOrder::MonthDay);
                let month: Month = value::parse_month(mv, order)
                    .ok_or_else(|| (mi, RejectReason::DateUnreadable { value: mv.to_owned() }))?;
                self.months.put(mi, mv, month);
                month
            }
        };
        let (ri, rv) = self.required(rec, Field::Mrr)?;
        let mrr = self.money_at(ri, rv)?;
        if mrr < Decimal::ZERO {
            return Err((ri, RejectReason::Negative { value: rv.to_owned() }));
        }
        Ok(MrrSnapshot { line, customer: self.names.get(customer), month, mrr })
    }

    pub(super) fn subscription<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<SubscriptionRow, Reject> {
        let (_, customer) = self.required(rec, Field::Customer)?;
        let (si, sv) = self.required(rec, Field::Start)?;
        let start = self.datetime_at(si, sv)?.date();
        let (ai, av) = self.required(rec, Field::Amount)?;
        let amount = self.money_at(ai, av)?;
        if amount < Decimal::ZERO {
            return Err((ai, RejectReason::Negative { value: av.to_owned() }));
        }
        let count = match self.raw(rec, Field::IntervalCount) {
            Some(_) => self.opt_u32(rec, Field::IntervalCount)?,
            None => None,
        };
        let interval = match (self.cols.get(Field::Interval), self.raw(rec, Field::Interval)) {
            (_, Some((i, v))) => value::parse_interval(v, count)
                .ok_or_else(|| (i, RejectReason::UnknownInterval { value: v.to_owned() }))?,
            (Some(i), None) => return Err((i, RejectReason::Missing)),
            // No interval column: the amounts are monthly.
            (None, None) => {
                BillingInterval { unit: IntervalUnit::Month, count: count.unwrap_or(1).max(1) }
            }
        };
        let quantity = match self.raw(rec, Field::Quantity) {
            Some((i, v)) => {
                let q = self.number_at(i, v)?;
                if q < Decimal::ZERO {
                    return Err((i, RejectReason::Negative { value: v.to_owned() }));
                }
                q
            }
            None => Decimal::ONE,
        };
        let canceled_status = self.raw(rec, Field::Status).map(|(_, s)| is_ended_status(s));
        let mut end = self.opt_date(rec, Field::End)?;
        if end.is_none() {
            // Canceled-at is the end only when the subscription has actually ended (Stripe
            // sets it already for "cancel at period end"), or when no status is given.
            let canceled = self.opt_date(rec, Field::Canceled)?;
            if canceled_status != Some(false) {
                end = canceled;
            }
        }
        if end.is_none() && canceled_status == Some(true) {
            let col = self
                .cols
                .get(Field::End)
                .or(self.cols.get(Field::Canceled))
                .or(self.cols.get(Field::Status));
            return Err((col.unwrap_or(0), RejectReason::Missing));
        }
        if let Some(e) = end {
            if e < start {
                let col =
                    self.cols.get(Field::End).or(self.cols.get(Field::Canceled)).unwrap_or(si);
                return Err((col, RejectReason::EndBeforeStart));
            }
        }
        Ok(SubscriptionRow {
            line,
            customer: self.names.get(customer),
            start,
            end,
            amount,
            interval,
            quantity,
        })
    }

    pub(super) fn order<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<Order, Reject> {
        let (_, customer) = self.required(rec, Field::Customer)?;
        let (di, dv) = self.required(rec, Field::Date)?;
        let date = self.datetime_at(di, dv)?.date();
        let (ai, av) = self.required(rec, Field::Amount)?;
        let amount = self.money_at(ai, av)?;
        Ok(Order { line, customer: self.names.get(customer), date, amount })
    }

    pub(super) fn ticket<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<Ticket, Reject> {
        // Without an id column each row is a ticket, named by its line.
        let ticket: Box<str> = match self.cols.get(Field::Ticket) {
            Some(_) => self.required(rec, Field::Ticket)?.1.into(),
            None => line.to_string().into(),
        };
        let (ci, cv) = self.required(rec, Field::Created)?;
        let created = self.datetime_at(ci, cv)?;
        let first_contact_resolved = match self.raw(rec, Field::FirstContactResolved) {
            Some((i, v)) => Some(
                value::parse_bool(v)
                    .ok_or_else(|| (i, RejectReason::NotABoolean { value: v.to_owned() }))?,
            ),
            None => None,
        };
        Ok(Ticket {
            line,
            ticket,
            created,
            customer: self.opt_name(rec, Field::Customer),
            first_response: self.opt_moment(rec, Field::FirstResponse, created)?,
            resolved: self.opt_moment(rec, Field::Resolved, created)?,
            contacts: self.opt_u32(rec, Field::Contacts)?,
            first_contact_resolved,
            category: self.opt_name(rec, Field::Category),
            score: self.opt_f64(rec, Field::Score)?,
        })
    }

    pub(super) fn usage<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<UsageEvent, Reject> {
        let (_, user) = self.required(rec, Field::User)?;
        let (ti, tv) = self.required(rec, Field::Timestamp)?;
        let timestamp = self.datetime_at(ti, tv)?;
        let duration = self.opt_f64(rec, Field::Duration)?;
        if let (Some(d), Some((i, v))) = (duration, self.raw(rec, Field::Duration)) {
            if d < 0.0 {
                return Err((i, RejectReason::Negative { value: v.to_owned() }));
            }
        }
        Ok(UsageEvent {
            line,
            user: self.names.get(user),
            timestamp,
            account: self.opt_name(rec, Field::Account),
            feature: self.opt_name(rec, Field::Feature),
            duration_minutes: duration.map(|d| d * self.plan.duration_factor),
            seats: self.opt_u32(rec, Field::Seats)?,
            signup: self.opt_date(rec, Field::Signup)?,
        })
    }

    pub(super) fn funnel<F: Fields + ?Sized>(
        &self,
        line: usize,
        rec: &F,
    ) -> Result<FunnelRow, Reject> {
        Ok(FunnelRow {
            line,
            date: self.opt_date(rec, Field::Date)?,
            visitors: self.opt_f64(rec, Field::Visitors)?,
            conversions: self.opt_f64(rec, Field::Conversions)?,
            carts_created: self.opt_f64(rec, Field::CartsCreated)?,
            purchases_completed: self.opt_f64(rec, Field::PurchasesCompleted)?,
            page_views: self.opt_f64(rec, Field::PageViews)?,
            visits: self.opt_f64(rec, Field::Visits)?,
            marketing_spend: self.opt_money(rec, Field::MarketingSpend)?,
            sales_spend: self.opt_money(rec, Field::SalesSpend)?,
            new_customers: self.opt_f64(rec, Field::NewCustomers)?,
        })
    }

    pub(super) fn health<F: Fields + ?Sized>(
        &mut self,
        line: usize,
        rec: &F,
    ) -> Result<HealthRow, Reject> {
        let (_, customer) = self.required(rec, Field::Customer)?;
        let mut values = Vec::with_capacity(self.plan.signals.len());
        for &i in &self.plan.signals {
            let v = value::trim(rec.field(i));
            values.push(if v.is_empty() { None } else { Some(self.f64_at(i, v)?) });
        }
        Ok(HealthRow { line, customer: self.names.get(customer), values })
    }
}
